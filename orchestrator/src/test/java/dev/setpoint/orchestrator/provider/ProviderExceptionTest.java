package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.provider.ProviderException.Kind;
import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderExceptionTest {

  @ParameterizedTest
  @CsvSource({
    "TRANSIENT, true",
    "CONFLICT, true",
    "NOT_FOUND, true",
    "INVALID, false",
    "PERMISSION, false"
  })
  void retryableByKind(Kind kind, boolean retryable) {
    var failure = new ProviderException(kind, "it failed", null);

    assertThat(failure.retryable()).isEqualTo(retryable);
    assertThat(kind.retryable()).isEqualTo(retryable);
  }

  static Stream<Arguments> factories() {
    return Stream.of(
        Arguments.of(
            Kind.TRANSIENT,
            (Function<String, ProviderException>) ProviderException::transientFailure,
            (BiFunction<String, Throwable, ProviderException>) ProviderException::transientFailure),
        Arguments.of(
            Kind.INVALID,
            (Function<String, ProviderException>) ProviderException::invalid,
            (BiFunction<String, Throwable, ProviderException>) ProviderException::invalid),
        Arguments.of(
            Kind.CONFLICT,
            (Function<String, ProviderException>) ProviderException::conflict,
            (BiFunction<String, Throwable, ProviderException>) ProviderException::conflict),
        Arguments.of(
            Kind.NOT_FOUND,
            (Function<String, ProviderException>) ProviderException::notFound,
            (BiFunction<String, Throwable, ProviderException>) ProviderException::notFound),
        Arguments.of(
            Kind.PERMISSION,
            (Function<String, ProviderException>) ProviderException::permission,
            (BiFunction<String, Throwable, ProviderException>) ProviderException::permission));
  }

  @ParameterizedTest
  @MethodSource("factories")
  void factoriesSetKindMessageAndCause(
      Kind kind,
      Function<String, ProviderException> withoutCause,
      BiFunction<String, Throwable, ProviderException> withCause) {
    var cause = new IOException("connection reset");

    var plain = withoutCause.apply("bucket assets: throttled");
    var wrapped = withCause.apply("bucket assets: throttled", cause);

    assertThat(plain.kind()).isEqualTo(kind);
    assertThat(plain.getMessage()).isEqualTo("bucket assets: throttled");
    assertThat(plain.getCause()).isNull();
    assertThat(wrapped.kind()).isEqualTo(kind);
    assertThat(wrapped.getCause()).isSameAs(cause);
  }

  @Test
  void theMessageIsFoldedIntoOneLine() {
    var failure =
        ProviderException.invalid(
            "  terraform plan failed:\n\n  Error: Unsupported argument\r\n   on main.tf line 3  ");

    assertThat(failure.getMessage())
        .isEqualTo("terraform plan failed: Error: Unsupported argument on main.tf line 3");
  }

  @Test
  void aMessageIsRequired() {
    assertThatThrownBy(() -> ProviderException.invalid(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProviderException.invalid(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKindIsRequired() {
    assertThatThrownBy(() -> new ProviderException(null, "it failed", null))
        .isInstanceOf(NullPointerException.class);
  }
}
