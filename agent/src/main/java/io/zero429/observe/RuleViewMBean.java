package io.zero429.observe;

/** JMX {@code io.zero429:type=Rule,name=<rule>}. */
public interface RuleViewMBean extends FlowViewMBean {
}
