package io.zero429.testapp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.testapp.exchange.GroupSnapshot;
import io.zero429.testapp.exchange.MockExchange;
import io.zero429.testapp.exchange.TimeScale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo as a test: the unmodified bot in a forked JVM against the mock exchange, short runs, without the agent
 * (which must be limited and banned, or this test could not fail) and with the built agent jar and the shipped
 * rules (zero limited, zero banned, and at least 97% of the allowed rate on the saturated groups).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
    private static final long SECONDS = 12;
    private static final Path AGENT = Paths.get(System.getProperty("zero429.agent.jar"));
    private static final Path RULES = Paths.get(System.getProperty("zero429.rules"));
    private static final Path TESTAPP = Paths.get(System.getProperty("zero429.testapp.jar"));

    private static MockExchange exchange;
    private static BotRun runs;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(AGENT), "built agent jar " + AGENT);
        exchange = new MockExchange(0, TimeScale.REAL);
        Path work = Files.createDirectories(Paths.get("target", "e2e"));
        runs = new BotRun(exchange, TESTAPP, DemoHosts.write(work), work);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    private static GroupSnapshot group(List<GroupSnapshot> groups, String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    private static String table(List<GroupSnapshot> groups) {
        return groups.stream().map(g -> g.name() + ": req " + g.requests() + " ok " + g.ok() + " limited "
                + g.limited() + " (first after " + g.firstLimitedMillis() + " ms) banned " + g.banned() + " rate "
                + g.sustainedRate()).collect(Collectors.joining("\n"));
    }

    /** First: it also warms the mock exchange up, as a real server is warm (a cold one reads arrivals late). */
    @Test
    @Order(1)
    void withoutTheAgentTheBotIsLimitedAndBanned() throws Exception {
        List<GroupSnapshot> groups = runs.run("e2e without agent", List.of(), SECONDS, null);
        long limited = groups.stream().mapToLong(GroupSnapshot::limited).sum();
        long banned = groups.stream().mapToLong(GroupSnapshot::banned).sum();
        assertTrue(limited > 0 && banned > 0, table(groups));
    }

    @Test
    @Order(2)
    void withTheAgentNothingIsLimitedAndTheSaturatedGroupsGetAtLeast97Percent() throws Exception {
        List<GroupSnapshot> groups = runs.run("e2e with agent", Demo.agentArgs(AGENT, RULES, TimeScale.REAL), SECONDS,
                null);
        String table = table(groups);
        for (GroupSnapshot group : groups) {
            assertEquals(0, group.limited(), "limited responses in " + group.name() + "\n" + table);
            assertEquals(0, group.banned(), "refused while banned in " + group.name() + "\n" + table);
        }
        for (String saturated : List.of("upbit ticker", "upbit candle", "upbit order", "kis rest")) {
            GroupSnapshot group = group(groups, saturated);
            assertTrue(group.shareOfAllowed() >= 0.97 && group.shareOfAllowed() <= 1.0,
                    saturated + " used " + group.shareOfAllowed() * 100 + "% of its allowed rate\n" + table);
        }
    }
}
