using System.Reflection;
using Argus.Core.Errors;
using Argus.Core.Registry;
using Argus.Core.Tracking;

namespace Argus.Tests.Core.Registry;

public sealed class ModelRegistriesTests
{
    [Fact]
    public void For_StoreWithoutRegistry_NotImplementedNamingTheStore()
    {
        var store = DispatchProxy.Create<ITrackingStore, NoRegistryStore>();
        var e = Assert.Throws<ArgusException>(() => ModelRegistries.For(store));
        Assert.Equal(ErrorCode.NotImplemented, e.Code);
        Assert.Contains("test://none", e.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NotImplemented, Assert.Throws<ArgusException>(() => ModelRegistries.ActingAs(store, "bob")).Code);
    }

    /// <summary>A tracking store with no registry: only its URI answers.</summary>
    public class NoRegistryStore : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == "get_DisplayUri" ? "test://none" : throw new NotSupportedException();
    }
}
