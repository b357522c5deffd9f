package org.lightweb.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostClassLoaderTest {
    @Test
    void sdkAndLoggingShouldComeFromTheNodeWhenAPluginAsks() {
        assertThat(HostClassLoader.fromNode("org.lightweb.plugin.HttpRoutes")).isTrue();
        assertThat(HostClassLoader.fromNode("org.lightweb.plugin.HttpRoutes$RouteRegistry")).isTrue();
        assertThat(HostClassLoader.fromNode("org.slf4j.Logger")).isTrue();
    }

    @Test
    void pluginsOwnPackagesShouldComeFromThePluginWhenTheyAreUnderTheSdksName() {
        assertThat(HostClassLoader.fromNode("org.lightweb.plugin.example.greeter.GreeterPlugin")).isFalse();
        assertThat(HostClassLoader.fromNode("org.lightweb.plugin.testkit.PluginJar")).isFalse();
        assertThat(HostClassLoader.fromNode("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
    }
}
