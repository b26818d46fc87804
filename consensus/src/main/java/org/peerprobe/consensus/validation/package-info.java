/**
 * Typed results of checking untrusted input: {@link
 * org.peerprobe.consensus.validation.Validated.Valid} or {@link
 * org.peerprobe.consensus.validation.Validated.Invalid} with a {@link
 * org.peerprobe.consensus.validation.Rejection} naming what is wrong and a detail for humans.
 * Validation never throws for bad input; only our own bugs throw.
 */
package org.peerprobe.consensus.validation;
