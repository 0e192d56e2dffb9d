using System.Text.Json;
using Argus.Core.Data;
using Argus.Core.Monitoring.Quality;

namespace Argus.Tests.Core.Monitoring.Quality;

/// <summary>The quality calculations against pandas/numpy/scipy (Vectors/quality_vectors.json) at 1e-9.</summary>
public sealed class QualityVectorTests : IDisposable
{
    private readonly JsonDocument _vectors = VectorJson.Load("Quality", "quality_vectors.json");

    private JsonElement Root => _vectors.RootElement;

    public void Dispose() => _vectors.Dispose();

    [Fact]
    public void Numeric_PandasDescribeCases_Match()
    {
        foreach (var c in Root.GetProperty("numeric").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString();
            var e = c.GetProperty("expected");
            var s = ColumnStatistics.Numeric(VectorJson.Numbers(c.GetProperty("values")));
            Assert.Equal(e.GetProperty("row_count").GetInt64(), s.RowCount);
            Assert.Equal(e.GetProperty("count").GetInt64(), s.Count);
            Assert.Equal(e.GetProperty("missing_count").GetInt64(), s.MissingCount);
            VectorJson.Close(e.GetProperty("missing_share"), s.MissingShare, $"{name} missing share");
            VectorJson.Close(e.GetProperty("min"), s.Min, $"{name} min");
            VectorJson.Close(e.GetProperty("max"), s.Max, $"{name} max");
            VectorJson.Close(e.GetProperty("mean"), s.Mean, $"{name} mean");
            VectorJson.Close(e.GetProperty("std"), s.Std, $"{name} std");
            VectorJson.Close(e.GetProperty("p25"), s.P25, $"{name} p25");
            VectorJson.Close(e.GetProperty("p50"), s.P50, $"{name} p50");
            VectorJson.Close(e.GetProperty("p75"), s.P75, $"{name} p75");
            Assert.Equal(e.GetProperty("unique_count").GetInt64(), s.UniqueCount);
            Assert.Equal(e.GetProperty("infinite_count").GetInt64(), s.InfiniteCount);
            VectorJson.Close(e.GetProperty("most_common_value"), s.MostCommonValue, $"{name} most common");
            Assert.Equal(e.GetProperty("most_common_count").GetInt64(), s.MostCommonCount);
            VectorJson.Close(e.GetProperty("histogram_edges"), s.Histogram.Edges, $"{name} edges");
            Assert.Equal(VectorJson.Ints(e.GetProperty("histogram_counts")).Select(x => (long)x), s.Histogram.Counts);
        }
    }

    [Fact]
    public void QuantileSorted_NumpyLinear_Matches()
    {
        foreach (var c in Root.GetProperty("quantiles").EnumerateArray())
        {
            var values = VectorJson.Numbers(c.GetProperty("values"));
            Array.Sort(values);
            var qs = VectorJson.Numbers(c.GetProperty("q"));
            var expected = VectorJson.Numbers(c.GetProperty("expected"));
            for (var i = 0; i < qs.Length; i++)
            {
                VectorJson.Close(expected[i], NumericKernels.QuantileSorted(values, qs[i]), $"{c.GetProperty("name")} q={qs[i]}");
            }
        }
    }

    [Fact]
    public void Histogram_NumpyBinsAndRange_Matches()
    {
        foreach (var c in Root.GetProperty("histograms").EnumerateArray())
        {
            var values = VectorJson.Numbers(c.GetProperty("values"));
            var bins = c.GetProperty("bins").GetInt32();
            var range = c.GetProperty("range");
            var h = range.ValueKind == JsonValueKind.Null
                ? Histogram.Compute(values, bins)
                : Histogram.Compute(values, bins, range[0].GetDouble(), range[1].GetDouble());
            VectorJson.Close(c.GetProperty("edges"), h.Edges, $"{c.GetProperty("name")} edges");
            Assert.Equal(VectorJson.Ints(c.GetProperty("counts")).Select(x => (long)x), h.Counts);
        }
    }

    [Fact]
    public void Categorical_PandasValueCounts_Match()
    {
        foreach (var c in Root.GetProperty("categorical").EnumerateArray())
        {
            var column = Coded("x", VectorJson.Strings(c.GetProperty("values")));
            var referenceValues = c.GetProperty("reference");
            var reference = referenceValues.ValueKind == JsonValueKind.Null ? null : Coded("x", VectorJson.Strings(referenceValues));
            var s = ColumnStatistics.Summarize(column, reference).Categorical!;
            var e = c.GetProperty("expected");
            Assert.Equal(e.GetProperty("row_count").GetInt64(), s.RowCount);
            Assert.Equal(e.GetProperty("count").GetInt64(), s.Count);
            Assert.Equal(e.GetProperty("missing_count").GetInt64(), s.MissingCount);
            Assert.Equal(e.GetProperty("unique_count").GetInt64(), s.UniqueCount);
            var labels = e.GetProperty("labels").EnumerateArray().Select(l => (l[0].GetString()!, l[1].GetInt64())).ToList();
            Assert.Equal(labels, s.Labels.Select(l => (l.Label, l.Count)));
            foreach (var label in s.Labels)
            {
                Assert.Equal((double)label.Count / s.RowCount, label.Share);
            }

            Assert.Equal(e.GetProperty("most_common_label").GetString(), s.MostCommonLabel);
            Assert.Equal(e.GetProperty("most_common_count").GetInt64(), s.MostCommonCount);
            if (reference is not null)
            {
                Assert.Equal(VectorJson.Labels(e.GetProperty("new_in_current")), s.NewInCurrent);
                Assert.Equal(VectorJson.Labels(e.GetProperty("unused_in_current")), s.UnusedInCurrent);
            }
            else
            {
                Assert.Null(s.NewInCurrent);
            }
        }
    }

    [Fact]
    public void DatasetStatistics_EvidentlyIntegrityFunctions_Match()
    {
        foreach (var c in Root.GetProperty("datasets").EnumerateArray())
        {
            var stats = DatasetStatistics.Compute(Columns(c.GetProperty("columns")));
            var e = c.GetProperty("expected");
            var name = c.GetProperty("name").GetString();
            Assert.True(e.GetProperty("row_count").GetInt64() == stats.RowCount, $"{name} rows");
            Assert.True(e.GetProperty("column_count").GetInt32() == stats.ColumnCount, $"{name} columns");
            Assert.True(e.GetProperty("duplicated_row_count").GetInt64() == stats.DuplicatedRowCount, $"{name} duplicated rows {stats.DuplicatedRowCount}");
            Assert.True(e.GetProperty("duplicated_column_count").GetInt32() == stats.DuplicatedColumnCount, $"{name} duplicated columns {stats.DuplicatedColumnCount}");
            Assert.True(e.GetProperty("almost_duplicated_column_count").GetInt32() == stats.AlmostDuplicatedColumnCount, $"{name} almost duplicated {stats.AlmostDuplicatedColumnCount}");
            Assert.True(e.GetProperty("constant_column_count").GetInt32() == stats.ConstantColumnCount, $"{name} constant {stats.ConstantColumnCount}");
            Assert.True(e.GetProperty("almost_constant_column_count").GetInt32() == stats.AlmostConstantColumnCount, $"{name} almost constant {stats.AlmostConstantColumnCount}");
            Assert.True(e.GetProperty("empty_row_count").GetInt64() == stats.EmptyRowCount, $"{name} empty rows {stats.EmptyRowCount}");
            Assert.True(e.GetProperty("empty_column_count").GetInt32() == stats.EmptyColumnCount, $"{name} empty columns {stats.EmptyColumnCount}");
            Assert.True(e.GetProperty("missing_value_count").GetInt64() == stats.MissingValueCount, $"{name} missing {stats.MissingValueCount}");
        }
    }

    [Fact]
    public void CorrelationMatrices_PandasCorrAndEvidentlyCramerV_Match()
    {
        var c = Root.GetProperty("correlations");
        var matrices = CorrelationMatrices.Compute(Columns(c.GetProperty("columns")), CorrelationMatrices.AllKinds);
        Assert.Equal(VectorJson.Labels(c.GetProperty("numeric_columns")), matrices[0].Columns);
        Assert.Equal(VectorJson.Labels(c.GetProperty("categorical_columns")), matrices[3].Columns);
        string[] keys = ["pearson", "spearman", "kendall", "cramer_v"];
        for (var k = 0; k < 4; k++)
        {
            var expected = c.GetProperty(keys[k]);
            var i = 0;
            foreach (var row in expected.EnumerateArray())
            {
                VectorJson.Close(row, matrices[k].Values[i], $"{keys[k]} row {i}");
                i++;
            }
        }
    }

    [Fact]
    public void KendallTauB_ScipyTieHeavyPairs_Match()
    {
        foreach (var c in Root.GetProperty("kendall").EnumerateArray())
        {
            var tau = Correlation.KendallTauB(VectorJson.Numbers(c.GetProperty("x")), VectorJson.Numbers(c.GetProperty("y")));
            VectorJson.Close(c.GetProperty("expected"), tau, c.GetProperty("name").GetString()!);
        }
    }

    [Fact]
    public void CramersV_TableWiderThanDenseLimit_MatchesScipy()
    {
        var c = Root.GetProperty("cramer_wide");
        var x = Coded("x", VectorJson.Strings(c.GetProperty("x")));
        var y = Coded("y", VectorJson.Strings(c.GetProperty("y")));
        Assert.True((long)x.Labels!.Count * y.Labels!.Count > 1 << 24);
        var v = Correlation.CramersV(x.Codes.Span, x.Labels.Count, y.Codes.Span, y.Labels.Count);
        VectorJson.Close(c.GetProperty("expected"), v, "wide Cramér's V");
    }

    internal static QualityColumn Coded(string name, string?[] values) =>
        QualityColumn.FromTable(TableColumn.OfStrings(name, ColumnType.Categorical, values));

    internal static List<QualityColumn> Columns(JsonElement columns)
    {
        var result = new List<QualityColumn>();
        foreach (var column in columns.EnumerateArray())
        {
            var name = column.GetProperty("name").GetString()!;
            result.Add(column.GetProperty("type").GetString() == "numerical"
                ? QualityColumn.Numeric(name, VectorJson.Numbers(column.GetProperty("values")))
                : Coded(name, VectorJson.Strings(column.GetProperty("values"))));
        }

        return result;
    }
}
