package com.jxc.returns.query.returns;

import com.jxc.returns.api.query.FindReturnQuery;
import com.jxc.returns.api.query.FindReturnsQuery;
import com.jxc.returns.api.query.ReturnPage;
import com.jxc.returns.api.query.ReturnView;
import com.jxc.returns.projection.returns.ReturnViewRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
class ReturnQueryHandler {

    private final ReturnViewRepository views;

    ReturnQueryHandler(ReturnViewRepository views) {
        this.views = views;
    }

    @QueryHandler
    Optional<ReturnView> handle(FindReturnQuery query) {
        return views.find(query.returnId().value());
    }

    @QueryHandler
    ReturnPage handle(FindReturnsQuery query) {
        return views.page(query);
    }
}
