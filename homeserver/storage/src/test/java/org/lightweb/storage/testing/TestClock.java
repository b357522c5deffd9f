package org.lightweb.storage.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.lightweb.core.Clock;

/** A clock that only moves when a test moves it. */
public final class TestClock implements Clock {
    /** 2023-11-14T22:13:20Z: an arbitrary, fixed start. */
    public static final long START = 1_700_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);

    @Override
    public long millis() { return now.get(); }

    public void advance(long millis) { now.addAndGet(millis); }

    public void set(long millis) { now.set(millis); }
}
