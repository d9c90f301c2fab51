package io.zero429.instrument.jetty9;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public methods of Jetty 9.4-11's request, response, result and header objects, reached through reflection: the
 * agent is compiled against Jetty 12, whose API has other packages, and its bootstrap classes link no Jetty class.
 * Methods are looked up once per class and name.
 */
final class Jetty9Objects {
    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Jetty9Objects() {
    }

    /** {@code target.name()}. */
    static Object call(Object target, String name) throws ReflectiveOperationException {
        return method(target.getClass(), name).invoke(target);
    }

    /** {@code owner.getHeaders().get(name)}: a request's or a response's header. */
    static String header(Object owner, String name) throws ReflectiveOperationException {
        Object fields = call(owner, "getHeaders");
        return fields == null ? null : (String) method(fields.getClass(), "get", String.class).invoke(fields, name);
    }

    /** {@code request.getAttributes().get(key)}. */
    static Object attribute(Object request, String key) throws ReflectiveOperationException {
        Object attributes = call(request, "getAttributes");
        return attributes instanceof Map ? ((Map<?, ?>) attributes).get(key) : null;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters)
            throws ReflectiveOperationException {
        Map<String, Method> known = METHODS.get(type);
        String key = parameters.length == 0 ? name : name + "/" + parameters.length;
        Method method = known.get(key);
        if (method == null) {
            method = type.getMethod(name, parameters);
            known.put(key, method);
        }
        return method;
    }
}
