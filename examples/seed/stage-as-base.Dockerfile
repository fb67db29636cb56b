# Reference kind 4: a stage used as the base of another (FROM stage0 AS stage1), and the final
# stage copying from the derived stage.
# Expected image: base 2 layers + 1 COPY = 3.
FROM dmsb/busybox:latest AS stage0
COPY app-1.0.tar.gz /tmp/

FROM stage0 AS stage1
RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp

FROM dmsb/busybox:latest
COPY --from=stage1 /tmp/app-1.0 /opt/app
CMD ["/opt/app/bin/hello"]
