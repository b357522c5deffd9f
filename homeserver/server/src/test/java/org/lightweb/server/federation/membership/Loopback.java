package org.lightweb.server.federation.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lightweb.core.MatrixException;
import org.lightweb.server.federation.client.FederationClient;

/**
 * Routes a node's outbound membership requests to other nodes' {@link InboundMemberships}, as the federation
 * listener would (origin = the sending node), turning their Matrix errors into {@link FederationClient.RemoteError}.
 */
final class Loopback {
    private Loopback() {}

    static void connect(FedNode from, FedNode... to) {
        for (FedNode n : to) from.trust(n);
        from.client.handler = (method, destination, path, query, body) -> {
            FedNode target = Arrays.stream(to).filter(n -> n.name.equals(destination)).findFirst().orElse(null);
            if (target == null) return Future.failedFuture(new FederationClient.Unreachable(destination, "unknown host", null));
            Future<? extends JsonNode> answer;
            try {
                answer = dispatch(target.feature.inbound(), from.name, method, path, body);
            } catch (RuntimeException e) {
                answer = Future.failedFuture(e);
            }
            return answer.<JsonNode>map(j -> j).recover(err -> Future.failedFuture(err instanceof MatrixException m
                    ? new FederationClient.RemoteError(destination, m.status(), m.errcode().name(), m.getMessage()) : err));
        };
    }

    private static Future<? extends JsonNode> dispatch(InboundMemberships in, String origin, String method, String path, JsonNode body) {
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
        List<String> p = Arrays.stream((path.contains("?") ? path.substring(0, path.indexOf('?')) : path).split("/"))
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        // ["", "_matrix", "federation", "v1", "make_join", room, user]
        String op = p.get(4);
        List<String> ver = new ArrayList<>();
        for (String kv : query.split("&")) if (kv.startsWith("ver=")) ver.add(kv.substring(4));
        return switch (method + " " + op) {
            case "GET make_join" -> in.makeMembership(origin, p.get(5), p.get(6), "join", ver);
            case "GET make_knock" -> in.makeMembership(origin, p.get(5), p.get(6), "knock", ver);
            case "GET make_leave" -> in.makeMembership(origin, p.get(5), p.get(6), "leave", null);
            case "PUT send_join" -> in.sendMembership(origin, p.get(5), p.get(6), (ObjectNode) body, "join")
                    .compose(a -> in.joinAnswer(p.get(5), a));
            case "PUT send_leave" -> in.sendMembership(origin, p.get(5), p.get(6), (ObjectNode) body, "leave")
                    .map(a -> org.lightweb.core.Json.object());
            case "PUT send_knock" -> in.sendMembership(origin, p.get(5), p.get(6), (ObjectNode) body, "knock")
                    .compose(a -> in.knockAnswer(p.get(5), a));
            case "PUT invite" -> in.invite(origin, p.get(5), p.get(6), (ObjectNode) body);
            default -> Future.failedFuture(MatrixException.unrecognized(404));
        };
    }

    static Map<String, String> none() { return Map.of(); }
}
