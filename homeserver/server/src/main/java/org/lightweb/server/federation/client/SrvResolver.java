package org.lightweb.server.federation.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/** DNS SRV look-ups, behind an interface so tests can answer them. Blocking: callers run it on a worker. */
public interface SrvResolver {
    /** One SRV record. */
    record Srv(int priority, int weight, int port, String target) {}

    /** The SRV records of {@code name} (e.g. {@code _matrix-fed._tcp.example.org}); empty when there are none. */
    List<Srv> lookup(String name) throws Exception;

    /** The record to use: lowest priority, then highest weight; none when the only record is "." (no service). */
    static Optional<Srv> pick(List<Srv> records) {
        return records.stream().filter(r -> !r.target().isEmpty() && !r.target().equals("."))
                .min(Comparator.comparingInt(Srv::priority).thenComparing(Comparator.comparingInt(Srv::weight).reversed()));
    }

    /** The JDK's DNS provider (JNDI, module jdk.naming.dns), with the system's resolvers. */
    SrvResolver SYSTEM = name -> {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        InitialDirContext ctx = new InitialDirContext(env);
        try {
            Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
            Attribute srv = attrs.get("SRV");
            List<Srv> out = new ArrayList<>();
            for (int i = 0; srv != null && i < srv.size(); i++) {
                String[] parts = srv.get(i).toString().trim().split("\\s+");
                if (parts.length != 4) continue;
                String target = parts[3].endsWith(".") && parts[3].length() > 1
                        ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
                out.add(new Srv(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), target));
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            if (e.getMessage() != null && e.getMessage().contains("not found")) return List.of();
            throw e;
        } finally {
            ctx.close();
        }
    };
}
