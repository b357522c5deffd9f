package org.lightweb.plugin.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightweb.plugin.HttpResponse;
import org.lightweb.plugin.testkit.FakeHttpRequest;
import org.lightweb.plugin.testkit.FakePluginContext;
import org.lightweb.plugin.testkit.FakeRoutes;

/** A group's repository replicates to partners as a member's does, under the room's pseudonym. */
class GroupReplicationTest {
    static final String ROOM = "!org:kaslo.test";
    static final String ALICE = "@alice:kaslo.test";

    FakePluginContext kaslo;
    FakePluginContext nelson;
    FakeRoutes kasloRoutes;
    FakeRoutes nelsonRoutes;

    @BeforeEach
    void start() throws Exception {
        kaslo = FakePluginContext.builder("file-backup").serverName("kaslo.test").config(Map.of("partners", List.of("nelson.test"))).build();
        nelson = FakePluginContext.builder("file-backup").serverName("nelson.test").config(Map.of("partners", List.of("kaslo.test"))).build();
        new FileBackupPlugin().start(kaslo);
        new FileBackupPlugin().start(nelson);
        kasloRoutes = FakeRoutes.of(kaslo, kaslo.extension(FileBackupRoutes.class), kaslo.extension(GroupRoutes.class));
        nelsonRoutes = FakeRoutes.of(nelson, nelson.extension(ReplicaRoutes.class));
        kaslo.federation().answerAll("nelson.test", r -> ReplicationTest.call(nelsonRoutes, r, "kaslo.test"));
        kaslo.rooms().join(ROOM, ALICE);
    }

    @AfterEach
    void stop() {
        kaslo.close();
        nelson.close();
    }

    @Test
    void groupBlobShouldReachThePartnerUnderTheRoomsPseudonymWhenStored() throws Exception {
        byte[] b = FileBackupRoutesTest.blob("group ciphertext");
        String name = FileBackupRoutesTest.name(b);
        HttpResponse res = kasloRoutes.client(FakeHttpRequest.put("/v1/groups/" + ROOM + "/repos/team/data/" + name).body(b), FakeRoutes.user(ALICE));
        assertThat(res.status()).isEqualTo(201);
        assertThat(Replication.of(kaslo).drain(10)).isEqualTo(1);
        List<Path> files;
        try (Stream<Path> s = Files.walk(nelson.dataDirectory().resolve("replicas"))) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readAllBytes(files.get(0))).isEqualTo(b);
        String where = nelson.dataDirectory().resolve("replicas").relativize(files.get(0)).toString();
        assertThat(where).isEqualTo("kaslo.test/" + Replication.owner(ROOM) + "/team/data/" + name).doesNotContain("org");
        assertThat(Replication.owner(ROOM)).isNotEqualTo(Replication.owner(ALICE)).matches("[0-9a-f]{32}");
    }
}
