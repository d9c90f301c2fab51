package io.zero429.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zero429.limit.LimitMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesSourceTest {
    @TempDir
    Path dir;

    private Path exampleFile() throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, RulesParserTest.example(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void agentArgumentsKeepCommasThatBelongToAValue() {
        Map<String, String> args = RulesSource.parseAgentArguments(
                "rules=/x/r.properties,mode=observe,limiter.a.limits=10/s, 600/m,limiter.a.mode=window");
        assertEquals("/x/r.properties", args.get("rules"));
        assertEquals("observe", args.get("mode"));
        assertEquals("10/s, 600/m", args.get("limiter.a.limits"));
        assertEquals("window", args.get("limiter.a.mode"));
    }

    @Test
    void systemPropertiesOverrideTheFileAndAgentArgumentsOverrideBoth() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zero429.rules", exampleFile().toString());
        props.put("zero429.limiter.kis.limits", "20/s");
        props.put("zero429.mode", "observe");
        props.put("zero429.log.level", "debug"); // an agent flag, not a rules key
        RulesConfig config = new RulesSource(props, "limiter.kis.limits=19/s,limiter.kis.max-wait=5s").load();
        assertEquals(19, config.limiters().stream().filter(l -> l.name().equals("kis")).findFirst().get()
                .limits().get(0).count());
        assertEquals(TimeUnit.SECONDS.toNanos(5), config.limiters().stream().filter(l -> l.name().equals("kis"))
                .findFirst().get().maxWaitNanos());
        assertEquals(LimitMode.WINDOW, config.limiters().get(3).mode(), "the file's other keys stay");
        assertEquals(AgentMode.OBSERVE, config.mode());
    }

    @Test
    void theSecretsSystemPropertiesAreNotRulesKeys() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zero429.rules", exampleFile().toString());
        props.put("zero429.redis.password", "hunter2"); // read by the Redis store itself
        props.put("zero429.partition.secret", "s3cret"); // read by the partition key itself
        RulesSource source = new RulesSource(props, null);
        assertTrue(source.overrides().isEmpty(), source.overrides().toString());
        source.load(); // no "unknown key" that would stop the JVM
    }

    @Test
    void overridesAloneCanDefineRules() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zero429.limiter.x.limits", "5/s");
        props.put("zero429.rule.x.match", "api.example.com");
        props.put("zero429.rule.x.limiter", "x");
        RulesSource source = new RulesSource(props, null);
        assertNull(source.rulesFile());
        assertEquals("x", source.load().rules().get(0).name());
    }

    @Test
    void aBadOverrideNamesTheFlag() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zero429.rules", exampleFile().toString());
        props.put("zero429.limiter.kis.limits", "fast");
        RulesException e = assertThrows(RulesException.class, () -> new RulesSource(props, "limiter.kis.mod=window").load());
        List<Problem> problems = e.problems();
        assertEquals(2, problems.size(), e.getMessage());
        assertTrue(e.getMessage().contains("-Dzero429.limiter.kis.limits: bad limit 'fast'"), e.getMessage());
        assertTrue(e.getMessage().contains("agent argument limiter.kis.mod: unknown key 'limiter.kis.mod'; did you mean limiter.kis.mode?"),
                e.getMessage());
    }

    @Test
    void aMissingFileIsAClearProblem() {
        Map<String, String> props = Map.of("zero429.rules", dir.resolve("nope.properties").toString());
        RulesException e = assertThrows(RulesException.class, () -> new RulesSource(props, null).load());
        assertTrue(e.getMessage().contains("nope.properties: the rules file cannot be read"), e.getMessage());
    }

    @Test
    void nothingGivenMeansNothingToDo() {
        assertTrue(new RulesSource(Map.of("zero429.log.level", "info"), "").isEmpty());
        assertEquals("false", new RulesSource(Map.of("zero429.enabled", "false"), null).overrides().get(0).value());
    }
}
