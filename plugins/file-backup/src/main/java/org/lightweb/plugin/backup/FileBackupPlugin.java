package org.lightweb.plugin.backup;

import org.lightweb.plugin.LightwebPlugin;
import org.lightweb.plugin.PluginConfigException;
import org.lightweb.plugin.PluginContext;

/** The node's backup blob store, replicated blind to partner nodes. Checks the configuration at start (a typo refuses the start) and clears temp files. */
public class FileBackupPlugin extends LightwebPlugin {
    @Override
    public void start(PluginContext ctx) throws Exception {
        FileBackupSettings settings = FileBackupSettings.from(ctx.config());
        if (settings.partners().contains(ctx.serverName()))
            throw new PluginConfigException("key '" + ctx.config().full("partners")
                    + "' names this server itself (" + ctx.serverName() + "): expected other servers");
        BlobStore.of(ctx).clearTemporaryFiles();
        Replication.of(ctx).backfillNewPartners(); // blobs a (new) partner does not hold yet
    }

    @Override
    public void stop() {}
}
