package org.lightweb.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.core.Json;
import org.lightweb.core.MatrixException;
import org.lightweb.server.auth.Stages;
import org.lightweb.server.auth.UiAuth;
import org.lightweb.server.http.Authenticator;
import org.lightweb.server.http.Bodies;
import org.lightweb.server.http.Requester;
import org.lightweb.server.http.Respond;
import org.lightweb.server.http.RouteGroup;
import org.lightweb.storage.accounts.DeviceRecord;
import org.lightweb.storage.accounts.DeviceRepository;

/** Device management (spec: Device Management). Deleting devices needs user-interactive auth. */
public final class DeviceRoutes implements RouteGroup {
    private final DeviceRepository devices;
    private final UiAuth uiAuth;
    private final Authenticator auth;
    private final int maxDisplayNameLength;

    public DeviceRoutes(DeviceRepository devices, UiAuth uiAuth, Authenticator auth, int maxDisplayNameLength) {
        this.devices = devices;
        this.uiAuth = uiAuth;
        this.auth = auth;
        this.maxDisplayNameLength = maxDisplayNameLength;
    }

    @Override
    public void mount(Router router) {
        router.get("/_matrix/client/v3/devices").handler(auth.userOrGuest()).handler(Respond.json(this::getDevices));
        router.get("/_matrix/client/v3/devices/:deviceId").handler(auth.userOrGuest()).handler(Respond.json(this::getDevice));
        router.put("/_matrix/client/v3/devices/:deviceId").handler(auth.userOrGuest()).handler(Respond.json(this::updateDevice));
        router.delete("/_matrix/client/v3/devices/:deviceId").handler(auth.user()).handler(Respond.json(this::deleteDevice));
        router.post("/_matrix/client/v3/delete_devices").handler(auth.user()).handler(Respond.json(this::deleteDevices));
    }

    static Map<String, Object> toJson(DeviceRecord d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device_id", d.deviceId());
        if (d.displayName() != null) out.put("display_name", d.displayName());
        if (d.lastSeenIp() != null) out.put("last_seen_ip", d.lastSeenIp());
        if (d.lastSeenTs() != null) out.put("last_seen_ts", d.lastSeenTs());
        return out;
    }

    /** GET /devices (operationId getDevices). */
    Future<Map<String, Object>> getDevices(RoutingContext ctx) {
        return devices.list(Requester.of(ctx).userId())
                .map(list -> Map.of("devices", list.stream().map(DeviceRoutes::toJson).toList()));
    }

    /** GET /devices/{deviceId} (operationId getDevice). */
    Future<Map<String, Object>> getDevice(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        return devices.find(Requester.of(ctx).userId(), deviceId).map(d -> d.map(DeviceRoutes::toJson)
                .orElseThrow(() -> MatrixException.notFound("Device not found")));
    }

    /** PUT /devices/{deviceId} (operationId updateDevice). */
    Future<Map<String, Object>> updateDevice(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        String name = Bodies.optString(body, "display_name");
        if (name != null && name.length() > maxDisplayNameLength) {
            throw MatrixException.invalidParam("display_name is longer than " + maxDisplayNameLength + " characters");
        }
        Requester who = Requester.of(ctx);
        if (!body.has("display_name")) {
            return devices.find(who.userId(), ctx.pathParam("deviceId")).map(d -> {
                if (d.isEmpty()) throw MatrixException.notFound("Device not found");
                return Map.of();
            });
        }
        return devices.rename(who.userId(), ctx.pathParam("deviceId"), name).map(found -> {
            if (!found) throw MatrixException.notFound("Device not found");
            return Map.of();
        });
    }

    /** DELETE /devices/{deviceId} (operationId deleteDevice): UIA, then the device and its tokens are gone. */
    Future<Map<String, Object>> deleteDevice(RoutingContext ctx) {
        Requester who = Requester.of(ctx);
        String deviceId = ctx.pathParam("deviceId");
        return devices.find(who.userId(), deviceId).compose(d -> {
            if (d.isEmpty()) return Future.failedFuture(MatrixException.notFound("Device not found"));
            return authenticate(ctx, who, Bodies.jsonOrEmpty(ctx))
                    .compose(passed -> devices.deleteDevices(who.userId(), List.of(deviceId)));
        }).map(v -> Map.of());
    }

    /** POST /delete_devices (operationId deleteDevices). */
    Future<Map<String, Object>> deleteDevices(RoutingContext ctx) {
        ObjectNode body = Bodies.json(ctx);
        JsonNode ids = body.get("devices");
        if (ids == null) throw MatrixException.missingParam("Missing parameter: devices");
        if (!ids.isArray()) throw MatrixException.badJson("'devices' must be an array of strings");
        List<String> deviceIds = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) throw MatrixException.badJson("'devices' must be an array of strings");
            deviceIds.add(id.asText());
        }
        Requester who = Requester.of(ctx);
        return authenticate(ctx, who, body).compose(passed -> devices.deleteDevices(who.userId(), deviceIds))
                .map(v -> Map.of());
    }

    private Future<UiAuth.Passed> authenticate(RoutingContext ctx, Requester who, ObjectNode body) {
        return uiAuth.authenticate(new UiAuth.Request(ctx.request().method().name(), ctx.request().path(), body,
                List.of(List.of(Stages.PASSWORD)), Json.object(), Optional.of(who.userId())));
    }
}
