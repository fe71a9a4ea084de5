package com.jxc.returns.query.returns;

import com.jxc.returns.api.query.ReturnView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentReturnsTest {

    @Test
    void aViewIsGivenOnlyAtTheVersionItWasReadAt() {
        var recent = new RecentReturns(10);
        recent.remember(view("R-1", 3));

        assertThat(recent.at("R-1", 3)).isNotNull().extracting(ReturnView::version).isEqualTo(3L);
        assertThat(recent.at("R-1", 4)).as("the index knows a newer event").isNull();
        assertThat(recent.at("R-2", 3)).isNull();

        recent.remember(view("R-1", 4));
        assertThat(recent.at("R-1", 4)).isNotNull();
        assertThat(recent.at("R-1", 3)).isNull();
    }

    @Test
    void theLeastRecentlyShownReturnGoesFirstAndZeroKeepsNothing() {
        var recent = new RecentReturns(2);
        recent.remember(view("R-1", 1));
        recent.remember(view("R-2", 1));
        recent.at("R-1", 1); // shown again: R-2 is now the least recent
        recent.remember(view("R-3", 1));

        assertThat(recent.at("R-1", 1)).isNotNull();
        assertThat(recent.at("R-2", 1)).isNull();
        assertThat(recent.at("R-3", 1)).isNotNull();

        var none = new RecentReturns(0);
        none.remember(view("R-1", 1));
        assertThat(none.at("R-1", 1)).isNull();
    }

    private static ReturnView view(String returnId, long version) {
        var view = new ReturnView.Builder();
        view.returnId = returnId;
        view.version = version;
        view.state = "REQUESTED";
        view.lines = java.util.List.of();
        return view.build();
    }
}
