/**
 * Verification of a built image: reads its history, layers and (optionally) its files back from the
 * engine and proves that only the base image and the final stage's chain were kept. The entry point
 * is {@link dev.dmsb.verify.ImageVerifier#verify}; the result is a {@link
 * dev.dmsb.verify.VerifyReport}. Nothing here prints.
 */
package dev.dmsb.verify;
