package io.zero429.testapp.exchange;

import java.util.List;

/** One mocked API: its host, how it answers, what it counted. Implementations synchronise on themselves. */
interface Api {
    String host();

    Reply handle(Call call, long now);

    List<GroupStats> stats();
}
