using Argus.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Argus.Tests.Server.Ui;

/// <summary>Writes a page's screenshot, for people to look at, to <see cref="Directory"/> (the test output's <c>ui-screenshots</c>).</summary>
internal static class UiScreenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "ui-screenshots");

    public static async Task SaveAsync(BrowserPage page, string name, bool fullPage = false)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = fullPage });
    }
}
