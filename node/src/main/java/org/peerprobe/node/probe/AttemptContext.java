package org.peerprobe.node.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.handler.ssl.SslContext;

/**
 * What every attempt of a {@link NettyProber} shares; immutable, thread-safe.
 *
 * @param config node-wide probe settings
 * @param resolver turns hostnames into addresses
 * @param addresses which addresses may be connected to
 * @param tls client TLS context (trust store); hostname verification and SNI are set per attempt
 * @param clock timings and wall clock
 * @param channels creates client channels matching the event-loop group's transport
 */
record AttemptContext(
    ProbeConfig config,
    HostResolver resolver,
    AddressPolicy addresses,
    SslContext tls,
    ProbeClock clock,
    ChannelFactory<? extends Channel> channels) {}
