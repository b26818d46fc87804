package org.peerprobe.consensus.testing;

import java.math.BigInteger;
import org.peerprobe.consensus.model.Ratio;
import org.peerprobe.consensus.quorum.CountedWeight;

/**
 * An exact rational number in lowest terms (denominator &gt; 0), for test oracles that must not
 * trust the arithmetic of the code under test.
 */
public record ExactFraction(BigInteger num, BigInteger den) implements Comparable<ExactFraction> {
  public static final ExactFraction ZERO = of(0);

  public ExactFraction {
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
      num = num.divide(g);
      den = den.divide(g);
    }
  }

  public static ExactFraction of(long n) {
    return new ExactFraction(BigInteger.valueOf(n), BigInteger.ONE);
  }

  public static ExactFraction of(long n, long d) {
    return new ExactFraction(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  public static ExactFraction of(Ratio r) {
    return of(r.num(), r.den());
  }

  public static ExactFraction of(CountedWeight c) {
    return of(c.num(), c.den());
  }

  public ExactFraction plus(ExactFraction o) {
    return new ExactFraction(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  public ExactFraction minus(ExactFraction o) {
    return plus(new ExactFraction(o.num.negate(), o.den));
  }

  public ExactFraction times(ExactFraction o) {
    return new ExactFraction(num.multiply(o.num), den.multiply(o.den));
  }

  public ExactFraction dividedBy(ExactFraction o) {
    return new ExactFraction(num.multiply(o.den), den.multiply(o.num));
  }

  public ExactFraction min(ExactFraction o) {
    return compareTo(o) <= 0 ? this : o;
  }

  /** The largest integer not above this fraction. */
  public BigInteger floor() {
    BigInteger[] qr = num.divideAndRemainder(den);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  public int signum() {
    return num.signum();
  }

  @Override
  public int compareTo(ExactFraction o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
  }
}
