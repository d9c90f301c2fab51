package io.zero429;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.zero429.instrument.Hooks;
import io.zero429.rules.RulesSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload, in-process: what a new rules file changes, and what a bad one does not. */
class ReloaderTest {
    @TempDir
    Path dir;

    @AfterEach
    void uninstall() {
        Hooks.install(null);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("rules.properties");
        Files.writeString(file, text);
        return file;
    }

    private static String rules(String bLimits) {
        return "limiter.a.limits = 10/s burst 10\nlimiter.b.limits = " + bLimits + "\n"
                + "rule.a.match = a.example.com\nrule.a.limiter = a\nrule.b.match = b.example.com\nrule.b.limiter = b\n";
    }

    private Reloader reloader(Path file) {
        return new Reloader(new RulesSource(Map.of(RulesSource.PREFIX + RulesSource.RULES, file.toString()), null));
    }

    @Test
    void aChangedFileIsPutInForceKeepingUnchangedLimiters() throws Exception {
        Path file = write(rules("5/s"));
        Reloader reloader = reloader(file);
        assertEquals(Reloader.Outcome.INSTALLED, reloader.reload());
        Engine first = Hooks.engine();
        first.pool().shared("a").acquire();
        write(rules("4/s"));
        assertEquals(Reloader.Outcome.INSTALLED, reloader.reload());
        Engine second = Hooks.engine();
        assertNotSame(first, second);
        assertSame(first.pool().shared("a"), second.pool().shared("a"), "unchanged: same schedule, same state");
        assertEquals(1, second.pool().shared("a").admitted());
        assertNotSame(first.pool().shared("b"), second.pool().shared("b"));
        assertEquals("4/s", second.pool().shared("b").spec().limits().get(0).toString());
    }

    @Test
    void aBadFileIsRejectedAndTheLastGoodConfigurationStays() throws Exception {
        Path file = write(rules("5/s"));
        Reloader reloader = reloader(file);
        reloader.reload();
        Engine good = Hooks.engine();
        write(rules("5/x"));
        assertEquals(Reloader.Outcome.REJECTED, reloader.reload());
        assertSame(good, Hooks.engine());
        write("enabled = false\n" + rules("5/s"));
        assertEquals(Reloader.Outcome.IGNORED, reloader.reload(), "switching off needs a restart");
        assertSame(good, Hooks.engine());
    }

    @Test
    void theWatcherReloadsOnlyWhenTheFileChanged() throws Exception {
        Path file = write(rules("5/s"));
        Reloader reloader = reloader(file);
        reloader.reload();
        RulesWatcher watcher = new RulesWatcher(file, reloader, 1000, RulesWatcher.stamp(file));
        assertNull(watcher.checkOnce(), "nothing changed");
        write(rules("15/s"));
        assertEquals(Reloader.Outcome.INSTALLED, watcher.checkOnce());
        assertNull(watcher.checkOnce());
        Files.delete(file);
        assertNull(watcher.checkOnce(), "a file being replaced is looked at again next time");
        // Another size: a file rewritten within the same millisecond at the same size looks unchanged (mtime
        // resolution), and a recreated file may even get the same inode back.
        write(rules("125/s"));
        assertEquals(Reloader.Outcome.INSTALLED, watcher.checkOnce());
        assertEquals("125/s", Hooks.engine().pool().shared("b").spec().limits().get(0).toString());
    }
}
