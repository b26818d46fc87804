/**
 * The signer's DNS side: turns a router's latest decision into the router's CNAME on every
 * configured {@link org.peerprobe.node.dns.DnsProvider}, concurrently and independently, fenced by
 * the decision's sequence number, and keeps every provider there (reconciliation).
 *
 * <p><b>Fencing.</b> Beside the router record {@code <router>} the signer writes a TXT record
 * {@code _peerprobe.<router>} holding {@code seq=<n> decision=<id>} in the same write. A write goes
 * ahead only if the TXT record still holds what the signer read (an RFC 2136 prerequisite, or
 * read-check-write on HTTP providers) and never over a higher seq, so an older decision can never
 * overwrite a newer one, and two signers alive at once converge on the newest decision.
 *
 * <p><b>Receipts.</b> The decision is signed before any provider is written; what each provider
 * then did is signed afterwards in an apply receipt ({@link
 * org.peerprobe.node.signer.ReceiptIssuer}), issued when every provider has answered and again when
 * the outcomes change, at most once per round per router.
 *
 * <p><b>Threading.</b> {@link org.peerprobe.node.signer.RouterWriter} is stateless; {@link
 * org.peerprobe.node.signer.Reconciler} and {@link org.peerprobe.node.signer.ReceiptIssuer} have
 * one writer, the reconciler's scheduler. Provider calls complete on the providers' own threads and
 * hop back onto the scheduler.
 */
package org.peerprobe.node.signer;
