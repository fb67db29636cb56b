/**
 * Images in a registry ({@code docker://}), read through the registry API v2 (the OCI distribution
 * spec's pull side): manifests and indexes, the config blob, layer blobs streamed; Bearer-token and
 * basic auth with the docker configuration's credentials. Built on the JDK's HTTP client.
 */
package dev.dmsb.registry;
