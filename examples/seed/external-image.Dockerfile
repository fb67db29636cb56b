# Reference kind 3: an external image named directly in COPY --from (here the local registry
# that scripts/engine.sh starts), next to a stage reference.
# Expected image: base 2 layers + 2 COPY = 4.
FROM dmsb/busybox:latest AS fetch
COPY app-1.0.tar.gz /tmp/
RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp

FROM dmsb/busybox:latest
COPY --from=fetch /tmp/app-1.0 /opt/app
COPY --from=127.0.0.1:5000/dmsb/busybox:latest /bin/busybox /opt/app/bin/busybox
CMD ["/opt/app/bin/hello"]
