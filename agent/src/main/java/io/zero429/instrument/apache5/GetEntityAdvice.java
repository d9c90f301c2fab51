package io.zero429.instrument.apache5;

import io.zero429.instrument.apache.ResponseBodies;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Inlined into {@code CloseableHttpResponse.getEntity()}, what the application calls to read a classic response: the
 * entity of a response whose body is watched is handed out watched ({@link ResponseBodies}).
 */
public final class GetEntityAdvice {
    private GetEntityAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.This Object response, @Advice.FieldValue("response") Object adapted,
            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) HttpEntity returned) {
        returned = (HttpEntity) ResponseBodies.APACHE5.entity(response, adapted, returned);
    }
}
