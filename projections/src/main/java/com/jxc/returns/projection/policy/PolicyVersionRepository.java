package com.jxc.returns.projection.policy;

import com.jxc.returns.api.query.PolicyVersionView;
import com.jxc.returns.projection.support.DocumentMapper;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the {@code policy_versions} collection; a handful of documents, read whole. */
@Component
public class PolicyVersionRepository {

    public static final String COLLECTION = "policy_versions";

    private final MongoDatabase database;

    public PolicyVersionRepository(MongoDatabase database) {
        this.database = database;
    }

    public List<PolicyVersionView> newestFirst() {
        var versions = new ArrayList<PolicyVersionView>();
        database.getCollection(COLLECTION).find(new Document())
                .forEach(document -> versions.add(DocumentMapper.fromDocument(document, PolicyVersionView.class)));
        versions.sort(Comparator.comparingInt(PolicyVersionView::version).reversed());
        return versions;
    }
}
