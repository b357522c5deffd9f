package org.lightweb.plugin;

import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * Work at an interval, on the plugin's own threads. A run never overlaps the one before it: when a run takes longer
 * than the interval, the next starts when it ends. A run that throws is logged, and the job runs again at the next
 * interval.
 */
public interface ScheduledJob extends ExtensionPoint {
    /** A name for logs and the plugin list. */
    String name();

    /** The time between the end of one run and the start of the next. At least one second. */
    Duration interval();

    /** The time from the plugin's start to the first run; the interval by default. */
    default Duration initialDelay() { return interval(); }

    void run() throws Exception;
}
