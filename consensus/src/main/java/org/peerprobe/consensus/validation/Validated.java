package org.peerprobe.consensus.validation;

import java.util.function.Function;

/**
 * The result of checking untrusted input.
 *
 * @param <T> the accepted value
 */
public sealed interface Validated<T> permits Validated.Valid, Validated.Invalid {

  static <T> Validated<T> valid(T value) {
    return new Valid<>(value);
  }

  static <T> Validated<T> invalid(Rejection rejection, String detail) {
    return new Invalid<>(rejection, detail);
  }

  boolean isValid();

  /** The accepted value; throws {@link IllegalStateException} with the reason when invalid. */
  T orElseThrow();

  <U> Validated<U> map(Function<? super T, ? extends U> f);

  <U> Validated<U> flatMap(Function<? super T, Validated<U>> f);

  /** Accepted input. */
  record Valid<T>(T value) implements Validated<T> {
    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public T orElseThrow() {
      return value;
    }

    @Override
    public <U> Validated<U> map(Function<? super T, ? extends U> f) {
      return new Valid<>(f.apply(value));
    }

    @Override
    public <U> Validated<U> flatMap(Function<? super T, Validated<U>> f) {
      return f.apply(value);
    }
  }

  /** Refused input: what is wrong, and a detail naming the field or value. */
  record Invalid<T>(Rejection rejection, String detail) implements Validated<T> {
    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public T orElseThrow() {
      throw new IllegalStateException(rejection + ": " + detail);
    }

    @Override
    public <U> Validated<U> map(Function<? super T, ? extends U> f) {
      return new Invalid<>(rejection, detail);
    }

    @Override
    public <U> Validated<U> flatMap(Function<? super T, Validated<U>> f) {
      return new Invalid<>(rejection, detail);
    }

    @Override
    public String toString() {
      return rejection + ": " + detail;
    }
  }
}
