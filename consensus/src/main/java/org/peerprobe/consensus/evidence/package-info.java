/**
 * Evidence files: a decision or a certificate together with the signed bundles and certificates
 * that prove it, as the public feed serves them, and their offline verification ({@code peerprobe
 * verify}). Pure: no I/O, no clock.
 */
package org.peerprobe.consensus.evidence;
