/**
 * The engine port: dmsb's narrow view of a container engine, with its own value types. Nothing here
 * depends on docker-java; the adapter lives in {@code dev.dmsb.engine.docker}.
 */
package dev.dmsb.engine;
