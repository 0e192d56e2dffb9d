using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.Tests.Core.Registry;

/// <summary>Searching registered models and model versions: MLflow's grammar, ordering, paging.</summary>
public abstract partial class RegistryContract
{
    private async Task<List<string>> ModelNamesAsync(string? filter, params string[] orderBy) =>
        (await Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { Filter = filter, OrderBy = orderBy }, Ct)).Items.Select(m => m.Name).ToList();

    private async Task<List<string>> VersionKeysAsync(string? filter, params string[] orderBy) =>
        (await Registry.SearchModelVersionsAsync(new ModelVersionSearch { Filter = filter, OrderBy = orderBy }, Ct)).Items.Select(v => $"{v.Name}/{v.Version}").ToList();

    [Fact]
    public async Task SearchRegisteredModels_NameAndTagFilters_AsMlflow()
    {
        await NewModelAsync("fraud-detector", [new Tag("team", "risk"), new Tag("tier", "gold")]);
        await NewModelAsync("Fraud-Scorer", [new Tag("team", "risk")]);
        await NewModelAsync("churn", [new Tag("team", "growth")]);
        await NewModelAsync("a_prompt", [new Tag("mlflow.prompt.is_prompt", "true")]);

        Assert.Equal(["Fraud-Scorer", "churn", "fraud-detector"], await ModelNamesAsync(null));
        Assert.Equal(["churn"], await ModelNamesAsync("name = 'churn'"));
        Assert.Equal(["Fraud-Scorer", "fraud-detector"], await ModelNamesAsync("name != 'churn'"));
        Assert.Equal(["fraud-detector"], await ModelNamesAsync("name LIKE 'fraud%'"));
        Assert.Equal(["Fraud-Scorer", "fraud-detector"], await ModelNamesAsync("name ILIKE 'fraud%'"));
        Assert.Equal(["Fraud-Scorer", "fraud-detector"], await ModelNamesAsync("tags.team = 'risk'"));
        Assert.Equal(["fraud-detector"], await ModelNamesAsync("tags.team = 'risk' AND tags.`tier` LIKE 'go%'"));
        Assert.Equal(["churn"], await ModelNamesAsync("tags.team != 'risk'"));
        Assert.Equal(["a_prompt"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` = 'true'"));
        Assert.Equal(["Fraud-Scorer", "churn", "fraud-detector"], await ModelNamesAsync("tags.`mlflow.prompt.is_prompt` = 'false'"));
        Assert.Equal(["fraud-detector"], await ModelNamesAsync("attributes.name = 'fraud-detector'"));
    }

    [Fact]
    public async Task SearchRegisteredModels_OrderByAndPaging_WithNameTiebreak()
    {
        var names = new[] { "m-c", "m-a", "m-d", "m-b", "m-e" };
        foreach (var name in names)
        {
            await NewModelAsync(name);
        }

        await Registry.UpdateRegisteredModelAsync("m-c", "touched last", Ct);

        Assert.Equal(["m-e", "m-d", "m-c", "m-b", "m-a"], await ModelNamesAsync(null, "name DESC"));

        // Timestamps are milliseconds and may tie: check the order and its name tie-break as a property.
        var byUpdate = (await Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { OrderBy = ["last_updated_timestamp DESC"] }, Ct)).Items;
        Assert.Equal(5, byUpdate.Count);
        Assert.Equal(byUpdate.Max(m => m.LastUpdatedTimestamp), byUpdate[0].LastUpdatedTimestamp);
        Assert.All(byUpdate.Zip(byUpdate.Skip(1)), p => Assert.True(
            p.First.LastUpdatedTimestamp > p.Second.LastUpdatedTimestamp
            || (p.First.LastUpdatedTimestamp == p.Second.LastUpdatedTimestamp && string.CompareOrdinal(p.First.Name, p.Second.Name) < 0)));
        var byCreation = (await Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { OrderBy = ["creation_timestamp ASC"] }, Ct)).Items;
        Assert.All(byCreation.Zip(byCreation.Skip(1)), p => Assert.True(
            p.First.CreationTimestamp < p.Second.CreationTimestamp
            || (p.First.CreationTimestamp == p.Second.CreationTimestamp && string.CompareOrdinal(p.First.Name, p.Second.Name) < 0)));
        Assert.Equal(await ModelNamesAsync(null, "timestamp"), byCreation.Select(m => m.Name));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { MaxResults = 2, PageToken = token }, Ct);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(m => m.Name));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(names.Order(), seen);
    }

    [Fact]
    public async Task SearchRegisteredModels_BadRequests_InvalidParameter()
    {
        await Throws(() => ModelNamesAsync("description = 'x'"), ErrorCode.InvalidParameterValue);
        await Throws(() => ModelNamesAsync("name > 'a'"), ErrorCode.InvalidParameterValue);
        await Throws(() => ModelNamesAsync("metrics.rmse < 1"), ErrorCode.InvalidParameterValue);
        await Throws(() => ModelNamesAsync("name = "), ErrorCode.InvalidParameterValue);
        await Throws(() => ModelNamesAsync(null, "description"), ErrorCode.InvalidParameterValue);
        await Throws(() => ModelNamesAsync(null, "name", "name DESC"), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { MaxResults = 1001 }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { MaxResults = 0 }, Ct), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.SearchRegisteredModelsAsync(new RegisteredModelSearch { PageToken = "not a token" }, Ct), ErrorCode.InvalidParameterValue);
    }

    [Fact]
    public async Task SearchModelVersions_EveryAttributeAndTags_AsMlflow()
    {
        const string RunA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        const string RunB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        await NewModelAsync("alpha");
        await NewModelAsync("beta");
        await NewVersionAsync("alpha", "s3://bucket/alpha/1", RunA, [new Tag("validated", "yes")]);
        await NewVersionAsync("alpha", "s3://bucket/alpha/2", RunB);
        await NewVersionAsync("alpha", "file:///models/alpha/3", null, [new Tag("validated", "no")]);
        await NewVersionAsync("beta", "s3://bucket/beta/1", RunA, [new Tag("validated", "yes")]);

        Assert.Equal(["alpha/3", "alpha/2", "alpha/1"], await VersionKeysAsync("name = 'alpha'"));
        Assert.Equal(["beta/1"], await VersionKeysAsync("name != 'alpha'"));
        Assert.Equal(["alpha/1", "beta/1"], await VersionKeysAsync($"run_id = '{RunA}'", "name"));
        Assert.Equal(["alpha/2", "alpha/1", "beta/1"], await VersionKeysAsync($"run_id IN ('{RunA}', '{RunB}')", "name"));
        Assert.Equal(["alpha/2"], await VersionKeysAsync($"run_id IN ('{RunB}') AND name = 'alpha'"));
        Assert.Equal(["alpha/3", "alpha/2", "alpha/1"], await VersionKeysAsync("source_path LIKE '%alpha%'", "name"));
        Assert.Equal(["alpha/2", "alpha/1", "beta/1"], await VersionKeysAsync("source_path ILIKE 'S3://%'", "name"));
        Assert.Equal(["alpha/3", "alpha/2"], await VersionKeysAsync("name = 'alpha' AND version_number > 1"));
        Assert.Equal(["alpha/1", "beta/1"], await VersionKeysAsync("version_number <= 1", "name"));
        Assert.Equal(["alpha/1", "beta/1"], await VersionKeysAsync("tags.validated = 'yes'", "name"));
        Assert.Equal(["alpha/3"], await VersionKeysAsync("tags.validated != 'yes'"));
        Assert.Equal(4, (await VersionKeysAsync("creation_timestamp > 0 AND last_updated_timestamp > 0")).Count);
        Assert.Empty(await VersionKeysAsync("last_updated_timestamp < 0"));
    }

    [Fact]
    public async Task SearchModelVersions_OrderDefaultsAndTiebreaks_PagesCoverEverything()
    {
        await NewModelAsync("alpha");
        await NewModelAsync("beta");
        for (var i = 0; i < 3; i++)
        {
            await NewVersionAsync("alpha");
            await NewVersionAsync("beta");
        }

        await Registry.UpdateModelVersionAsync("alpha", "1", "touched last", Ct);

        // The default order is last_updated_timestamp DESC, then name ASC, then version DESC.
        var byDefault = (await Registry.SearchModelVersionsAsync(new ModelVersionSearch(), Ct)).Items;
        Assert.Equal(6, byDefault.Count);
        Assert.Equal(byDefault.Max(v => v.LastUpdatedTimestamp), byDefault[0].LastUpdatedTimestamp);
        Assert.All(byDefault.Zip(byDefault.Skip(1)), p => Assert.True(
            p.First.LastUpdatedTimestamp > p.Second.LastUpdatedTimestamp
            || (p.First.LastUpdatedTimestamp == p.Second.LastUpdatedTimestamp
                && (string.CompareOrdinal(p.First.Name, p.Second.Name) < 0
                    || (p.First.Name == p.Second.Name && long.Parse(p.First.Version, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(p.Second.Version, System.Globalization.CultureInfo.InvariantCulture))))));
        Assert.Equal(["alpha/3", "alpha/2", "alpha/1", "beta/3", "beta/2", "beta/1"], await VersionKeysAsync(null, "name"));
        Assert.Equal(["beta/3", "beta/2", "beta/1", "alpha/3", "alpha/2", "alpha/1"], await VersionKeysAsync(null, "name DESC"));
        Assert.Equal(["alpha/1", "beta/1", "alpha/2", "beta/2", "alpha/3", "beta/3"], await VersionKeysAsync(null, "version_number ASC"));
        Assert.Equal(["alpha/1", "alpha/2", "alpha/3", "beta/1", "beta/2", "beta/3"], await VersionKeysAsync(null, "name ASC", "version_number ASC"));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await Registry.SearchModelVersionsAsync(new ModelVersionSearch { MaxResults = 4, PageToken = token, OrderBy = ["name", "version_number"] }, Ct);
            seen.AddRange(page.Items.Select(v => $"{v.Name}/{v.Version}"));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(["alpha/1", "alpha/2", "alpha/3", "beta/1", "beta/2", "beta/3"], seen);
    }

    [Fact]
    public async Task SearchModelVersions_BadRequests_InvalidParameter()
    {
        await Throws(() => VersionKeysAsync("stage = 'None'"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync("name IN ('a', 'b')"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync("version_number = 'one'"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync("version_number LIKE '1%'"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync("params.lr = '1'"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync(null, "run_id"), ErrorCode.InvalidParameterValue);
        await Throws(() => VersionKeysAsync(null, "version_number", "version_number DESC"), ErrorCode.InvalidParameterValue);
        await Throws(() => Registry.SearchModelVersionsAsync(new ModelVersionSearch { MaxResults = 200_001 }, Ct), ErrorCode.InvalidParameterValue);
    }
}
