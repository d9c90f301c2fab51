package io.zero429.rules;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Everything wrong with a rules configuration, one {@link Problem} per mistake, all reported at once. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public RulesException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = Collections.unmodifiableList(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
