package org.lightweb.appservice.adminbot;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bot as its own process: {@code java -jar lightweb-admin-bot.jar --config bot.yaml} (see {@link BotConfig}).
 * Runs until stopped (SIGTERM/Ctrl-C stop the receiver first). Exit status 2: bad usage or config; 1: did not start.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: java -jar lightweb-admin-bot.jar --config bot.yaml");
            System.exit(2);
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "admin-bot-logback.xml");
        }
        AdminBot.Settings settings;
        try {
            settings = BotConfig.load(Path.of(args[1])).settings();
        } catch (Exception e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage() : e.getMessage();
            System.err.println("admin bot: cannot read the config: " + why);
            System.exit(2);
            return;
        }
        AdminBot bot;
        try {
            bot = AdminBot.start(settings).toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            System.err.println("admin bot: did not start: " + CommandRunner.describe(e.getCause() == null ? e : e.getCause()));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                bot.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // exiting anyway
            } finally {
                stopped.countDown();
            }
        }, "admin-bot-stop"));
        stopped.await();
    }
}
