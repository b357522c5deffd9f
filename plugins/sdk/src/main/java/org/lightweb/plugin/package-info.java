/**
 * The Lightweb plugin SDK: what a plugin compiles against.
 *
 * <p>A plugin is a PF4J plugin (a jar or zip in the node's {@code plugins.directory}) whose manifest names its id,
 * version and the SDK range it needs ({@code Plugin-Requires: >=1.0.0 & <2.0.0}). Its main class extends
 * {@link org.lightweb.plugin.LightwebPlugin}; its extensions are classes annotated {@code @org.pf4j.Extension} that
 * implement one of the extension points:
 * <ul>
 *   <li>{@link org.lightweb.plugin.HttpRoutes}: routes under {@code /_lightweb/<pluginId>/}, client-authenticated,
 *       server-authenticated (X-Matrix) or open, and well-known paths;</li>
 *   <li>{@link org.lightweb.plugin.EventListener}: events after they are stored, local or received over federation;</li>
 *   <li>{@link org.lightweb.plugin.EventVeto}: a say on local events before they are sent;</li>
 *   <li>{@link org.lightweb.plugin.AdminCommand}: commands the admin bot offers;</li>
 *   <li>{@link org.lightweb.plugin.ScheduledJob}: work at an interval.</li>
 * </ul>
 * An extension with a constructor taking a {@link org.lightweb.plugin.PluginContext} gets its plugin's context:
 * configuration, its own tables, and the node's services (users, rooms, a bot user, signed server-server requests).
 *
 * <p>Only JDK types cross this API (JSON is {@code Map<String, Object>}), so the node may change its libraries
 * without breaking a plugin. The SDK grows by default methods; published signatures never change within a major
 * version ({@link org.lightweb.plugin.SdkVersion}).
 */
package org.lightweb.plugin;
