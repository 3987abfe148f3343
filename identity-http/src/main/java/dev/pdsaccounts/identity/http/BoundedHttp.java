package dev.pdsaccounts.identity.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP client of the resolver and directory adapters: JDK {@link HttpClient}, no redirects, a connect
 * timeout and one deadline for the whole exchange (headers and body), and a body size cap enforced while the
 * body streams in (a {@code Content-Length} over the cap is refused before reading). Every failure is a
 * {@link Failure} with a short reason; nothing blocks past the deadline.
 */
final class BoundedHttp {
    /** Default connect and exchange timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** Default largest response body. */
    static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    BoundedHttp(Duration timeout) {
        this.timeout = requirePositiveTimeout(timeout);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * The adapters' timeout setting, checked.
     *
     * @throws IllegalArgumentException "timeout must be positive" when null, zero or negative
     */
    static Duration requirePositiveTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return timeout;
    }

    /**
     * An adapter's body cap setting, checked.
     *
     * @throws IllegalArgumentException "{@code name} must be positive" when below 1
     */
    static int requirePositiveBytes(int bytes, String name) {
        if (bytes < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return bytes;
    }

    /** A response: status and the (bounded) body. */
    static final class Response {
        final int status;
        final byte[] body;

        Response(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }
    }

    /** Why an exchange failed (unreachable, timed out, body too large, interrupted); never holds secrets. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    Response get(URI uri, String accept, int maxBodyBytes) throws Failure {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET().build(),
                maxBodyBytes);
    }

    Response postJson(URI uri, byte[] json, int maxBodyBytes) throws Failure {
        return send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), maxBodyBytes);
    }

    private Response send(HttpRequest request, int maxBodyBytes) throws Failure {
        CompletableFuture<HttpResponse<byte[]>> future;
        AtomicReference<LimitedBody> body = new AtomicReference<>();
        try {
            future = client.sendAsync(request, info -> {
                LimitedBody b = new LimitedBody(maxBodyBytes, info.headers().firstValueAsLong("content-length"));
                body.set(b);
                return b;
            });
        } catch (IllegalArgumentException | SecurityException e) {
            throw new Failure("request refused: " + e.getClass().getSimpleName());
        }
        try {
            HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            LimitedBody b = body.get();
            if (b != null) {
                b.abort(); // stop reading a trickling body: cancelling the stream releases the connection
            }
            throw new Failure("timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BodyTooLarge) {
                throw new Failure("response body larger than " + maxBodyBytes + " bytes");
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new Failure("timed out after " + timeout.toMillis() + " ms");
            }
            throw new Failure("request failed: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
        }
    }

    /** Signals a body over the cap. */
    private static final class BodyTooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("body too large", null, false, false);
        }
    }

    /** Collects the body up to a cap; past it, cancels the stream and fails. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int max;
        private final OptionalLong declaredLength;
        private volatile Flow.Subscription subscription;

        LimitedBody(int max, OptionalLong declaredLength) {
            this.max = max;
            this.declaredLength = declaredLength;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (declaredLength.isPresent() && declaredLength.getAsLong() > max) {
                s.cancel();
                result.completeExceptionally(new BodyTooLarge());
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                int n = item.remaining();
                if ((long) buffer.size() + n > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[n];
                item.get(chunk);
                buffer.write(chunk, 0, n);
            }
        }

        /** Gives up on the body from outside (the caller's deadline passed). */
        void abort() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new java.util.concurrent.CancellationException("deadline passed"));
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
