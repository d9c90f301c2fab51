package io.zero429.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weaves the families' advice into their classes with Byte Buddy. A plain {@link ClassFileTransformer} rather than
 * Byte Buddy's {@code AgentBuilder}: every class the JVM loads costs one map lookup by name, and nothing is
 * generated at start (the AgentBuilder's module-aware transformer is a class Byte Buddy writes and loads at install,
 * about 90 ms of a JVM's start-up). A class is decorated (its methods get inlined advice; no member is added or
 * removed), so classes already loaded can be retransformed too.
 */
public final class HookTransformer implements ClassFileTransformer {
    private static final Logger LOG = LoggerFactory.getLogger("io.zero429.instrument");

    private final Map<String, TypeHook> byInternalName = new HashMap<>();
    private final Map<TypeHook, String> familyOf = new HashMap<>();
    /** The client families named in the log so far: each is named once, hooked or not. */
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final ClassFileLocator adviceLocator;
    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);

    /** @param adviceLocator finds the agent's advice class files (and the agent classes they refer to) */
    public HookTransformer(List<ClientInstrumentation> families, ClassFileLocator adviceLocator) {
        for (ClientInstrumentation family : families) {
            for (TypeHook hook : family.hooks()) {
                byInternalName.put(hook.typeName().replace('.', '/'), hook);
                familyOf.put(hook, family.name());
            }
        }
        this.adviceLocator = adviceLocator;
    }

    /** Registers the transformer and retransforms the hooked classes that are already loaded. */
    public void install(Instrumentation instrumentation) {
        instrumentation.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (byInternalName.containsKey(type.getName().replace('.', '/')) && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                Hooks.faults().fault("retransforming " + loaded, e);
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        TypeHook hook = className == null ? null : byInternalName.get(className);
        if (hook == null) {
            String unhooked = className == null ? null : UnhookedClients.named(className);
            if (unhooked != null && named.add(unhooked)) {
                LOG.warn("{} loaded, and zero429 does not hook it: its requests are neither limited nor counted",
                        unhooked);
            }
            return null;
        }
        try {
            byte[] woven = weave(hook, loader, classfileBuffer);
            LOG.debug("hooked {}", hook.typeName());
            String family = familyOf.get(hook);
            if (named.add(family)) {
                LOG.info("{} loaded: hooked", family);
            }
            return woven;
        } catch (RuntimeException | LinkageError e) {
            // Never break the application: the class stays as it was, unthrottled.
            Hooks.faults().fault("weaving " + hook.typeName(), e);
            return null;
        }
    }

    private byte[] weave(TypeHook hook, ClassLoader loader, byte[] classfile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(hook.typeName(), classfile),
                adviceLocator,
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
        TypeDescription type = pool.describe(hook.typeName()).resolve();
        DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
        for (TypeHook.MethodAdvice method : hook.methods()) {
            Advice advice = Advice.to(pool.describe(method.adviceClass).resolve(), locator);
            builder = builder.visit(advice.on(method.matcher));
        }
        return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
    }
}
