package org.lightweb.plugin;

/**
 * The version of this SDK, in semver: the node checks each plugin's {@code Plugin-Requires} against it and refuses,
 * with a log line, a plugin that needs another. Minor versions add; only a major version removes or changes.
 */
public final class SdkVersion {
    /** This SDK's version. */
    public static final String VERSION = "1.1.0";

    private SdkVersion() {}
}
