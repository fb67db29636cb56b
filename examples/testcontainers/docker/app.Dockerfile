# The build stage makes the app (and a toolchain the image must not ship); the final stage copies
# only the app.
FROM dmsb/busybox:latest AS build
RUN mkdir -p /toolchain && head -c 200000 /dev/zero > /toolchain/compiler.bin
RUN mkdir -p /out/bin && printf '#!/bin/sh\necho hello from the example\n' > /out/bin/hello \
    && chmod +x /out/bin/hello

FROM dmsb/busybox:latest
COPY --from=build /out/bin /opt/app/bin
CMD ["/opt/app/bin/hello"]
