package org.lightweb.plugin.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.lightweb.plugin.AdminCommand;
import org.lightweb.plugin.PluginContext;
import org.lightweb.plugin.ScheduledJob;
import org.pf4j.Extension;

/** The replication's scheduled jobs and admin command, each a thin extension over {@link Replication}. */
public final class ReplicationJobs {
    private ReplicationJobs() {}

    /** Drains the push queue every {@code replication_interval}. */
    @Extension
    public static class Push implements ScheduledJob {
        private final Replication replication;
        private final Duration interval;

        public Push(PluginContext ctx) {
            this.replication = Replication.of(ctx);
            this.interval = BlobStore.of(ctx).settings().replicationInterval();
        }

        @Override public String name() { return "file-backup replication"; }
        @Override public Duration interval() { return interval; }
        @Override public Duration initialDelay() { return Duration.ofSeconds(1); }
        @Override
        public void run() throws Exception {
            replication.backfillNewPartners();
            replication.drain(1000);
        }
    }

    /** Challenges every partner every {@code challenge_interval}. */
    @Extension
    public static class Challenge implements ScheduledJob {
        private final Replication replication;
        private final Duration interval;

        public Challenge(PluginContext ctx) {
            this.replication = Replication.of(ctx);
            this.interval = BlobStore.of(ctx).settings().challengeInterval();
        }

        @Override public String name() { return "file-backup proof of storage"; }
        @Override public Duration interval() { return interval; }
        @Override public void run() throws Exception { replication.challengeAll(); }
    }

    /** {@code !backup status}: the admin bot's spelling of {@link Status}, room for more backup commands later. */
    @Extension
    public static class Backup implements AdminCommand {
        private final Replication replication;

        public Backup(PluginContext ctx) {
            this.replication = Replication.of(ctx);
        }

        @Override public String name() { return "backup"; }
        @Override public String usage() { return "backup status"; }
        @Override public String help() { return "Backup partners: blobs and bytes replicated, queue length, last proof-of-storage challenges and failures."; }

        @Override
        public Reply run(CommandContext context, List<String> args) throws Exception {
            if (args.size() != 1 || !args.get(0).equals("status")) return Reply.text("Usage: !backup status");
            return Reply.text(Status.render(replication.status()));
        }
    }

    /** {@code !backup-status}: partners, bytes replicated, queue, last challenges and failures. */
    @Extension
    public static class Status implements AdminCommand {
        private final Replication replication;

        public Status(PluginContext ctx) {
            this.replication = Replication.of(ctx);
        }

        @Override public String name() { return "backup-status"; }
        @Override public String usage() { return "backup-status"; }
        @Override public String help() { return "Backup partners: blobs and bytes replicated, queue length, last proof-of-storage challenges and failures."; }

        @Override
        public Reply run(CommandContext context, List<String> args) throws Exception {
            return Reply.text(render(replication.status()));
        }

        static String render(List<Replication.Status> all) {
            if (all.isEmpty()) return "No backup partners configured (plugins.config.file-backup.partners).";
            StringBuilder b = new StringBuilder();
            for (Replication.Status s : all) {
                b.append(s.partner()).append(": ").append(s.blobs()).append(" blobs, ").append(s.bytes()).append(" bytes replicated, ")
                        .append(s.queued()).append(" queued, ").append(s.deletesWaiting()).append(" deletions in their grace period");
                if (s.queueError() != null) b.append(" (retrying: ").append(s.queueError()).append(")");
                b.append(", ").append(s.failures()).append(" failed challenges\n");
                if (s.lastChallenges().isEmpty()) b.append("  no challenge yet\n");
                for (Replication.Result r : s.lastChallenges()) {
                    b.append("  ").append(Instant.ofEpochMilli(r.ts())).append(' ').append(r.ok() ? "PASSED " : "FAILED ")
                            .append(r.blob()).append(": ").append(r.detail()).append('\n');
                }
            }
            return b.toString().strip();
        }
    }
}
