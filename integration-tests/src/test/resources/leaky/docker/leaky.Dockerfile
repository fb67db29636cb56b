# A leaky Dockerfile kept in a folder of its context under a name of its own: its final stage is
# built FROM the builder, so the builder's toolchain ships.
FROM dmsb/busybox:latest AS builder
RUN mkdir -p /toolchain && head -c 100000 /dev/zero > /toolchain/compiler.bin
FROM builder
CMD ["/bin/true"]
