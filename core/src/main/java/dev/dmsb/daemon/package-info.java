/**
 * The Docker engine as an image source ({@code docker-daemon:}): inspect, history and the {@code
 * docker save} stream, through the engine port.
 */
package dev.dmsb.daemon;
