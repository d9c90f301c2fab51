package io.zero429.instrument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One class a client family changes, named exactly, and the advice for its methods. Classes are matched by name
 * only, so deciding that any other class the JVM loads is not a hook costs one map lookup.
 */
public final class TypeHook {
    private final String typeName;
    private final List<MethodAdvice> methods = new ArrayList<>();

    private TypeHook(String typeName) {
        this.typeName = typeName;
    }

    /** @param typeName the binary name, e.g. {@code jdk.internal.net.http.HttpClientImpl} */
    public static TypeHook on(String typeName) {
        return new TypeHook(typeName);
    }

    /** Inlines {@code advice} (an advice class of the agent, never loaded itself) into the methods {@code matcher} selects. */
    public TypeHook advise(ElementMatcher<? super MethodDescription> matcher, Class<?> advice) {
        methods.add(new MethodAdvice(matcher, advice.getName()));
        return this;
    }

    public String typeName() {
        return typeName;
    }

    List<MethodAdvice> methods() {
        return Collections.unmodifiableList(methods);
    }

    static final class MethodAdvice {
        final ElementMatcher<? super MethodDescription> matcher;
        final String adviceClass;

        MethodAdvice(ElementMatcher<? super MethodDescription> matcher, String adviceClass) {
            this.matcher = matcher;
            this.adviceClass = adviceClass;
        }
    }
}
