# Reference kind 1: a named stage, copied from by name.
# Expected image: base 2 layers + 1 COPY = 3.
FROM dmsb/busybox:latest AS stage0
COPY app-1.0.tar.gz /tmp/
RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp

FROM dmsb/busybox:latest
COPY --from=stage0 /tmp/app-1.0 /opt/app
CMD ["/opt/app/bin/hello"]
