using Argus.Tests.Infrastructure;
using Argus.Tests.Server.Auth;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Argus.Tests.Server.Ui;

/// <summary>
/// The web UI on a server with <c>--auth</c>, in Chromium: a deep link while signed out goes to the login page and,
/// after signing in, back to where it pointed; the top bar names the user; changes carry the CSRF header; signing out
/// ends the session and goes back to the login page.
/// </summary>
public sealed class LoginUiTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task DeepLink_SignIn_SeeTheExperiments_CreateOne_SignOut()
    {
        await using var server = await AuthServer.StartAsync();
        await server.UserAsync("alice", "alice-password");
        await server.Store.CreateExperimentAsync("login-visible", null, [], CancellationToken.None);
        var root = server.BaseAddress.AbsoluteUri.TrimEnd('/');

        await using var page = await browser.OpenAsync($"{root}/#/experiments?q=login");

        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Sign in to Argus");
        Assert.Contains("#/login?next=", page.Page.Url, StringComparison.Ordinal);
        await page.Page.GetByLabel("User name").FillAsync("alice");
        await page.Page.GetByLabel("Password").FillAsync("alice-password");
        await UiScreenshots.SaveAsync(page, "login-1280x800");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Experiments");
        Assert.EndsWith("#/experiments?q=login", page.Page.Url, StringComparison.Ordinal);
        await Expect(page.Page.Locator("[data-testid=signed-in]")).ToHaveTextAsync("Signed in as alice");
        await Expect(page.Page.Locator("[data-testid=experiments] tbody tr")).ToHaveCountAsync(1);

        // A change made with the session cookie carries the CSRF token, or the server would refuse it.
        await page.Page.Locator("#new-experiment").FillAsync("made-in-the-ui");
        await page.Page.Locator("#new-experiment").PressAsync("Enter");
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("made-in-the-ui");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Sign in to Argus");
        await Expect(page.Page.Locator("[data-testid=signed-in]")).ToHaveCountAsync(0);
        await page.Page.GotoAsync($"{root}/#/experiments");
        await Expect(page.Page.Locator("h1")).ToHaveTextAsync("Sign in to Argus");
        Assert.Empty(page.Problems);
    }
}
