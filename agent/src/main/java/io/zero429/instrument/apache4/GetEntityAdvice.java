package io.zero429.instrument.apache4;

import io.zero429.instrument.apache.ResponseBodies;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.http.HttpEntity;

/**
 * Inlined into {@code HttpResponseProxy.getEntity()}, the {@code CloseableHttpResponse} the application reads a
 * response through: the entity of a response whose body is watched is handed out watched ({@link ResponseBodies}).
 */
public final class GetEntityAdvice {
    private GetEntityAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object response, @Advice.FieldValue("original") Object original,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) HttpEntity returned) {
        returned = (HttpEntity) ResponseBodies.APACHE4.entity(response, original, returned);
    }
}
