package org.lightweb.appservice.adminbot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lightweb.appservice.adminbot.command.appservices.ListAppservices;
import org.lightweb.appservice.adminbot.command.appservices.RegisterAppservice;
import org.lightweb.appservice.adminbot.command.appservices.UnregisterAppservice;
import org.lightweb.appservice.adminbot.command.federation.BlockServer;
import org.lightweb.appservice.adminbot.command.federation.DestinationStatus;
import org.lightweb.appservice.adminbot.command.federation.ListDestinations;
import org.lightweb.appservice.adminbot.command.federation.UnblockServer;
import org.lightweb.appservice.adminbot.command.media.PurgeRemoteMedia;
import org.lightweb.appservice.adminbot.command.media.QuarantineMedia;
import org.lightweb.appservice.adminbot.command.plugins.DisablePlugin;
import org.lightweb.appservice.adminbot.command.plugins.EnablePlugin;
import org.lightweb.appservice.adminbot.command.plugins.ListPlugins;
import org.lightweb.appservice.adminbot.command.plugins.ReloadPlugin;
import org.lightweb.appservice.adminbot.command.rooms.BlockRoom;
import org.lightweb.appservice.adminbot.command.rooms.DeleteRoom;
import org.lightweb.appservice.adminbot.command.rooms.ListRooms;
import org.lightweb.appservice.adminbot.command.rooms.RoomInfo;
import org.lightweb.appservice.adminbot.command.rooms.RoomMembers;
import org.lightweb.appservice.adminbot.command.server.ServerVersion;
import org.lightweb.appservice.adminbot.command.server.Stats;
import org.lightweb.appservice.adminbot.command.server.Uptime;
import org.lightweb.appservice.adminbot.command.tokens.CreateToken;
import org.lightweb.appservice.adminbot.command.tokens.ListTokens;
import org.lightweb.appservice.adminbot.command.tokens.RevokeToken;
import org.lightweb.appservice.adminbot.command.users.CreateUser;
import org.lightweb.appservice.adminbot.command.users.DeactivateUser;
import org.lightweb.appservice.adminbot.command.users.ListUsers;
import org.lightweb.appservice.adminbot.command.users.MakeAdmin;
import org.lightweb.appservice.adminbot.command.users.ResetPassword;
import org.lightweb.appservice.adminbot.command.users.UserInfo;

/** The built-in commands by name ("users list"), grouped by their first word, in the order !help shows them. */
public final class Commands {
    private final Map<String, Command> byName = new LinkedHashMap<>();

    public Commands(List<Command> commands) {
        commands.forEach(c -> byName.put(c.name(), c));
    }

    /** Every built-in command, and !help over them. */
    public static Commands builtins() {
        Commands commands = new Commands(List.of(
                new ListUsers(), new UserInfo(), new CreateUser(), new ResetPassword(), new DeactivateUser(), new MakeAdmin(),
                new ListRooms(), new RoomInfo(), new RoomMembers(), new DeleteRoom(), new BlockRoom(),
                new ListDestinations(), new DestinationStatus(), new BlockServer(), new UnblockServer(),
                new QuarantineMedia(), new PurgeRemoteMedia(),
                new ListPlugins(), new EnablePlugin(), new DisablePlugin(), new ReloadPlugin(),
                new ListAppservices(), new RegisterAppservice(), new UnregisterAppservice(),
                new CreateToken(), new ListTokens(), new RevokeToken(),
                new ServerVersion(), new Uptime(), new Stats()));
        Help help = new Help(commands);
        commands.byName.put(help.name(), help);
        return commands;
    }

    /** A command and the words after its name. */
    public record Match(Command command, List<String> args) {}

    /** The command named by the first two words, else by the first one. */
    public Optional<Match> find(List<String> words) {
        if (words.size() >= 2) {
            Command c = byName.get(words.get(0) + " " + words.get(1));
            if (c != null) return Optional.of(new Match(c, words.subList(2, words.size())));
        }
        if (!words.isEmpty()) {
            Command c = byName.get(words.get(0));
            if (c != null) return Optional.of(new Match(c, words.subList(1, words.size())));
        }
        return Optional.empty();
    }

    public List<Command> all() { return new ArrayList<>(byName.values()); }

    /** The commands of a group ("users"); empty when there is no such group. */
    public List<Command> group(String name) {
        return byName.values().stream().filter(c -> c.name().startsWith(name + " ")).toList();
    }
}
