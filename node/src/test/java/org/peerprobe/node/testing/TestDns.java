package org.peerprobe.node.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative-looking DNS responder on {@code 127.0.0.1} UDP (ephemeral port), built on
 * dnsjava's message parser, so that tests exercise the real dnsjava resolver path without real DNS.
 * Known names get their A / AAAA records (NOERROR with no answer for the other type); unknown names
 * get NXDOMAIN; in {@link #silent(boolean) silent} mode every query is dropped (the resolver times
 * out). Malformed datagrams are ignored. Thread-safe; runs on the caller's event-loop group.
 */
public final class TestDns implements AutoCloseable {
  /** TTL of every answer. */
  public static final long TTL_SECONDS = 60;

  /** Longest CNAME chain followed in one answer. */
  public static final int MAX_CHAIN = 8;

  private final Map<Name, List<InetAddress>> hosts = new ConcurrentHashMap<>();
  private final Map<Name, Name> aliases = new ConcurrentHashMap<>();
  private final AtomicInteger queries = new AtomicInteger();
  private final Channel channel;
  private volatile boolean silent;

  private TestDns(EventLoopGroup group) {
    var bound =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .handler(new Responder())
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    if (!bound.awaitUninterruptibly(TestFront.IO_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        || !bound.isSuccess()) {
      throw new IllegalStateException("test DNS could not bind", bound.cause());
    }
    channel = bound.channel();
  }

  public static TestDns start(EventLoopGroup group) {
    return new TestDns(group);
  }

  /** Where to send queries. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Answers {@code hostname} with {@code address} (A for IPv4, AAAA for IPv6), added to any. */
  public TestDns answer(String hostname, InetAddress address) {
    hosts.computeIfAbsent(name(hostname), n -> new CopyOnWriteArrayList<>()).add(address);
    return this;
  }

  /** Makes {@code alias} a CNAME of {@code target}; answers carry the chain and the addresses. */
  public TestDns alias(String alias, String target) {
    aliases.put(name(alias), name(target));
    return this;
  }

  /** Makes {@code hostname} exist without any address (NOERROR, no answer, for A and AAAA). */
  public TestDns exists(String hostname) {
    hosts.computeIfAbsent(name(hostname), n -> new CopyOnWriteArrayList<>());
    return this;
  }

  /** When true, queries are read and dropped. */
  public TestDns silent(boolean v) {
    silent = v;
    return this;
  }

  /** Queries received, answered or not. */
  public int queries() {
    return queries.get();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(TestFront.IO_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Name name(String hostname) {
    try {
      return Name.fromString(hostname.toLowerCase(Locale.ROOT), Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Message answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
      response.getHeader().setFlag(Flags.RA);
    }
    Record question = query.getQuestion();
    response.addRecord(question, Section.QUESTION);
    Name qname = question.getName(); // dnsjava names compare case-insensitively
    for (int i = 0; i < MAX_CHAIN && aliases.containsKey(qname); i++) {
      Name target = aliases.get(qname);
      response.addRecord(new CNAMERecord(qname, DClass.IN, TTL_SECONDS, target), Section.ANSWER);
      qname = target;
    }
    List<InetAddress> addresses = hosts.get(qname);
    if (addresses == null) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      return response;
    }
    for (InetAddress a : addresses) {
      boolean v4 = a instanceof Inet4Address;
      if (question.getType() == Type.A && v4) {
        response.addRecord(new ARecord(qname, DClass.IN, TTL_SECONDS, a), Section.ANSWER);
      } else if (question.getType() == Type.AAAA && !v4) {
        response.addRecord(new AAAARecord(qname, DClass.IN, TTL_SECONDS, a), Section.ANSWER);
      }
    }
    return response;
  }

  /** Parses each datagram, answers it (unless silent). */
  private final class Responder extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      queries.incrementAndGet();
      if (silent) {
        return;
      }
      Message query;
      try {
        query = new Message(ByteBufUtil.getBytes(packet.content()));
      } catch (IOException e) {
        return; // malformed: ignored
      }
      if (query.getQuestion() == null) {
        return;
      }
      byte[] wire = answer(query).toWire();
      ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), packet.sender()));
    }
  }
}
