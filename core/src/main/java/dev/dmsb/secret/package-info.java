/**
 * What dmsb treats as a secret, and how it is hidden: the one rule every output (build progress,
 * verify reports, the API's tables and assertion messages) applies. Depends on nothing.
 */
package dev.dmsb.secret;
