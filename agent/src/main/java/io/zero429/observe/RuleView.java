package io.zero429.observe;

import java.util.function.Supplier;

/** JMX view of one rule. */
public final class RuleView extends FlowView implements RuleViewMBean {
    RuleView(Supplier<FlowFigures> figures) {
        super(figures);
    }
}
