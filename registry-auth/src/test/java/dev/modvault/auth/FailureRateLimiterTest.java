package dev.modvault.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureRateLimiterTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final FailureRateLimiter limiter = new FailureRateLimiter(6, now::get); // one failure back every 10 s

    @Test
    void anAddressMayFailItsBudgetThenWaitsForItToRefill() {
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.retryAfterSeconds("10.0.0.1")).as("attempt %d", i).isZero();
            limiter.failed("10.0.0.1");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(10);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).as("other addresses are not affected").isZero();

        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(6);
        now.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).as("one failure's worth refilled").isZero();
        limiter.failed("10.0.0.1");
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(10);
    }

    @Test
    void theBudgetNeverGrowsPastItsSize() {
        limiter.failed("10.0.0.3");
        now.addAndGet(TimeUnit.HOURS.toNanos(5)); // idle for hours: refilled to 6, not to 1800
        for (int i = 0; i < 6; i++) {
            limiter.failed("10.0.0.3");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.3")).isPositive();
    }
}
