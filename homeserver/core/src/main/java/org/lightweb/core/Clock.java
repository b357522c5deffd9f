package org.lightweb.core;

/** Milliseconds since the epoch; injected so that tests can move time. */
@FunctionalInterface
public interface Clock {
    long millis();

    Clock SYSTEM = System::currentTimeMillis;
}
