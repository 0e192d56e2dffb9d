using Argus.Core.Errors;

namespace Argus.Tests.Core.Errors;

public sealed class ErrorCodesTests
{
    [Theory]
    [InlineData(ErrorCode.BadRequest, "BAD_REQUEST", 400)]
    [InlineData(ErrorCode.InvalidParameterValue, "INVALID_PARAMETER_VALUE", 400)]
    [InlineData(ErrorCode.ResourceAlreadyExists, "RESOURCE_ALREADY_EXISTS", 400)]
    [InlineData(ErrorCode.Unauthenticated, "UNAUTHENTICATED", 401)]
    [InlineData(ErrorCode.PermissionDenied, "PERMISSION_DENIED", 403)]
    [InlineData(ErrorCode.ResourceDoesNotExist, "RESOURCE_DOES_NOT_EXIST", 404)]
    [InlineData(ErrorCode.EndpointNotFound, "ENDPOINT_NOT_FOUND", 404)]
    [InlineData(ErrorCode.ResourceConflict, "RESOURCE_CONFLICT", 409)]
    [InlineData(ErrorCode.RequestTooLarge, "REQUEST_TOO_LARGE", 413)]
    [InlineData(ErrorCode.RequestLimitExceeded, "REQUEST_LIMIT_EXCEEDED", 429)]
    [InlineData(ErrorCode.InternalError, "INTERNAL_ERROR", 500)]
    [InlineData(ErrorCode.InvalidState, "INVALID_STATE", 500)]
    [InlineData(ErrorCode.NotImplemented, "NOT_IMPLEMENTED", 501)]
    [InlineData(ErrorCode.TemporarilyUnavailable, "TEMPORARILY_UNAVAILABLE", 503)]
    [InlineData(ErrorCode.DeadlineExceeded, "DEADLINE_EXCEEDED", 504)]
    [InlineData(ErrorCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", 415)]
    [InlineData(ErrorCode.RequestTimeout, "REQUEST_TIMEOUT", 408)]
    public void WireNameAndStatus_EveryCode_MatchesMlflow(ErrorCode code, string wire, int status)
    {
        Assert.Equal(wire, code.WireName());
        Assert.Equal(status, code.HttpStatus());
        Assert.Equal(code, ErrorCodes.FromWireName(wire, status));
    }

    [Fact]
    public void WireName_EveryEnumValue_IsMappedExplicitly()
    {
        foreach (var code in Enum.GetValues<ErrorCode>())
        {
            Assert.True(code == ErrorCode.InternalError || code.WireName() != "INTERNAL_ERROR", $"{code} has no wire name");
        }
    }

    [Theory]
    [InlineData(null, 404, ErrorCode.ResourceDoesNotExist)]
    [InlineData("SOMETHING_NEW", 400, ErrorCode.BadRequest)]
    [InlineData(null, 502, ErrorCode.InternalError)]
    public void FromWireName_UnknownName_FallsBackOnStatus(string? name, int status, ErrorCode expected) =>
        Assert.Equal(expected, ErrorCodes.FromWireName(name, status));
}
