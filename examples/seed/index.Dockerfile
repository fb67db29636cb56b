# Reference kind 2: an unnamed stage, copied from by its index.
# Expected image: base 2 layers + 1 COPY = 3.
FROM dmsb/busybox:latest
COPY app-1.0.tar.gz /tmp/
RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp

FROM dmsb/busybox:latest
COPY --from=0 /tmp/app-1.0 /opt/app
CMD ["/opt/app/bin/hello"]
